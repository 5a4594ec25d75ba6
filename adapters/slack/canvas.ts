// The channel canvas (HORIZON_SLACK_CANVAS=on): one document per SMT channel with a section per month, the
// agenda and then the minutes, so the SMT has one thing to read before the meeting. The messages are posted
// either way; a workspace whose plan or settings allow no canvas keeps the messages alone, told once.
import type { WebClient } from '@slack/web-api';
import type { Horizon } from '../../src/context.js';
import { monthLabel } from '../../src/time.js';
import { describeSlackError, slackErrorCode } from './errors.js';

export type CanvasSection = 'agenda' | 'minutes';

/** Slack's answers meaning this workspace, plan or token can have no canvas: fall back to messages. */
const UNAVAILABLE = new Set([
  'free_teams_cannot_create_non_tab_canvases',
  'free_team_canvas_tab_already_exists',
  'team_tier_cannot_create_canvases',
  'not_allowed_token_type',
  'canvas_disabled_user_team',
  'canvas_disabled_file_team',
  'canvas_disabled_team',
  'missing_scope',
  'restricted_action',
]);

/** Months kept in the canvas, newest first: a year of meetings. */
const MONTHS_KEPT = 12;

interface CanvasState {
  canvasId?: string;
  /** A create was sent: after a crash, a canvas already in the channel is taken to be ours. */
  creating?: boolean;
  /** Why this channel can have no canvas (a Slack error code), once found out. */
  unavailable?: string;
  months: Record<string, Partial<Record<CanvasSection, string>>>;
}

const key = (channelId: string) => `slack.canvas:${channelId}`;

/** Headings inside a section become third-level, under the month (first) and the section (second). */
function demote(markdown: string): string {
  return markdown.replace(/^#{1,6}\s+/gm, '### ');
}

/** The whole canvas: each month newest first, its agenda and then its minutes. */
export function canvasDocument(state: CanvasState): string {
  const months = Object.keys(state.months).sort().reverse().slice(0, MONTHS_KEPT);
  const out = [
    '_Kept by Horizon: each month’s agenda, then its minutes. Edits here are replaced when Horizon next writes._',
  ];
  for (const month of months) {
    const m = state.months[month]!;
    out.push('', `# ${monthLabel(month)}`);
    if (m.agenda) out.push('', '## Agenda', '', demote(m.agenda.trim()));
    if (m.minutes) out.push('', '## Minutes', '', demote(m.minutes.trim()));
  }
  return `${out.join('\n')}\n`;
}

export interface CanvasKeeper {
  /**
   * Writes a month's section (the agenda, the minutes) into the channel's canvas, creating the canvas the
   * first time. Returns what happened; never throws for a workspace that cannot have canvases.
   */
  write(
    channelId: string,
    month: string,
    section: CanvasSection,
    markdown: string,
  ): Promise<'written' | 'off' | 'unavailable'>;
}

export function createCanvasKeeper(h: Horizon, client: WebClient, enabled: boolean): CanvasKeeper {
  const save = (channelId: string, state: CanvasState) =>
    h.store.settings.set(key(channelId), state, h.now().toISOString());

  /** The canvas already in the channel (conversations.info), adopted after a create whose answer was lost. */
  async function existing(channelId: string): Promise<string | null> {
    const info = (await client.conversations.info({ channel: channelId })) as {
      channel?: { properties?: { canvas?: { file_id?: string } } };
    };
    return info.channel?.properties?.canvas?.file_id ?? null;
  }

  return {
    async write(channelId, month, section, markdown) {
      if (!enabled) return 'off';
      const state = h.store.settings.get<CanvasState>(key(channelId), { months: {} });
      if (state.unavailable) return 'unavailable';
      state.months[month] = { ...state.months[month], [section]: markdown };
      const document = { type: 'markdown' as const, markdown: canvasDocument(state) };
      try {
        if (!state.canvasId) {
          state.creating = true;
          save(channelId, state);
          try {
            const res = (await client.conversations.canvases.create({
              channel_id: channelId,
              document_content: document,
            })) as { canvas_id?: string };
            state.canvasId = res.canvas_id;
          } catch (err) {
            // Our own create from before a crash: take it over and write into it.
            if (slackErrorCode(err) !== 'channel_canvas_already_exists' || !state.creating) throw err;
            state.canvasId = (await existing(channelId)) ?? undefined;
            if (!state.canvasId) throw err;
            await client.canvases.edit({
              canvas_id: state.canvasId,
              changes: [{ operation: 'replace', document_content: document }],
            });
          }
          delete state.creating;
        } else {
          await client.canvases.edit({
            canvas_id: state.canvasId,
            changes: [{ operation: 'replace', document_content: document }],
          });
        }
        save(channelId, state);
        return 'written';
      } catch (err) {
        const code = slackErrorCode(err);
        if (code === 'channel_canvas_already_exists' || (code && UNAVAILABLE.has(code))) {
          // Told once: the agenda and minutes stay as messages, as without the setting.
          h.log.warn(
            { channel: channelId, error: code },
            code === 'channel_canvas_already_exists'
              ? 'this channel already has a canvas of its own; Horizon keeps to messages there'
              : 'this Slack workspace cannot have a Horizon canvas; the agenda and minutes stay as messages',
          );
          save(channelId, { months: {}, unavailable: code });
          return 'unavailable';
        }
        // Anything else (a rate limit, an outage) is tried again on the next write.
        save(channelId, state);
        throw new Error(`could not write the channel canvas: ${describeSlackError(err)}`);
      }
    },
  };
}
