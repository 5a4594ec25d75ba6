import { ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import type { Config } from '../../src/config.js';

/** The public Azure cloud's audience for calls from a bot to the Bot Framework connector. */
export const PUBLIC_CLOUD_SCOPE = 'https://api.botframework.com';

/**
 * Where tokens come from and are checked, for a private cloud or a local test issuer. Leave unset for
 * the public Azure cloud: botbuilder then uses Microsoft's published endpoints.
 */
export interface BotEndpoints {
  /** OpenID configuration whose JWKS signs the tokens channels send us. */
  channelOpenIdMetadataUrl: string;
  /** The `iss` those tokens must carry. */
  channelTokenIssuer: string;
  /** The audience we ask for when we call the connector. */
  oauthScope: string;
  /** Where we get our own tokens (the tenant's login URL). */
  loginUrl?: string;
  emulatorOpenIdMetadataUrl?: string;
}

export interface TeamsAuthOptions {
  endpoints?: BotEndpoints;
  /** Replaces the password credentials for outgoing calls (certificates, managed identity, a local issuer). */
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/**
 * botbuilder's own authentication, configured from our settings. With an app id it validates every
 * incoming token (signature, issuer, audience, expiry, service URL); without one it is the anonymous mode
 * the Bot Framework Emulator uses, which we only allow when TEAMS_ALLOW_UNAUTHENTICATED is set.
 */
export function createBotAuthentication(
  teams: Config['teams'],
  opts: TeamsAuthOptions = {},
): ConfigurationBotFrameworkAuthentication {
  const e = opts.endpoints;
  const settings: Record<string, string> = {
    MicrosoftAppId: teams.appId ?? '',
    MicrosoftAppPassword: teams.appPassword ?? '',
    MicrosoftAppType: teams.appType,
    MicrosoftAppTenantId: teams.tenantId ?? '',
  };
  if (e) {
    Object.assign(settings, {
      ToBotFromChannelOpenIdMetadataUrl: e.channelOpenIdMetadataUrl,
      ToBotFromChannelTokenIssuer: e.channelTokenIssuer,
      ToBotFromEmulatorOpenIdMetadataUrl: e.emulatorOpenIdMetadataUrl ?? e.channelOpenIdMetadataUrl,
      ToChannelFromBotOAuthScope: e.oauthScope,
      ToChannelFromBotLoginUrl: e.loginUrl ?? '',
    });
  }
  return withoutBlindRetries(new ConfigurationBotFrameworkAuthentication(settings, opts.credentialsFactory));
}

interface PipelineLike {
  removePolicy(options: { phase?: 'Retry' }): unknown;
}

/**
 * The connector client's HTTP pipeline retries a POST whose connection dropped before the answer came:
 * the message may well have been delivered, so that retry can post it twice. Its retry step is removed;
 * the core retries what is safe to retry (429, 5xx answers) and never resends a message whose outcome
 * is unknown.
 */
function withoutBlindRetries(
  auth: ConfigurationBotFrameworkAuthentication,
): ConfigurationBotFrameworkAuthentication {
  const createFactory = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (claims) => {
    const factory = createFactory(claims);
    const create = factory.create.bind(factory);
    factory.create = async (serviceUrl, audience) => {
      const client = await create(serviceUrl, audience);
      (client as unknown as { client?: { pipeline?: PipelineLike } }).client?.pipeline?.removePolicy({
        phase: 'Retry',
      });
      return client;
    };
    return factory;
  };
  return auth;
}

export function outboundAudience(opts: TeamsAuthOptions): string {
  return opts.endpoints?.oauthScope ?? PUBLIC_CLOUD_SCOPE;
}
