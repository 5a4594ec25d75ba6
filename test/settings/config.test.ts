import { describe, expect, it } from 'vitest';
import { ConfigError, configWarnings, loadConfig } from '../../src/config.js';

function problem(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected the settings to be refused');
}

describe('settings that are wrong name their variable', () => {
  it('refuses a time zone that does not exist', () => {
    const message = problem({ HORIZON_TIMEZONE: 'Mars/Olympus' });
    expect(message).toContain('HORIZON_TIMEZONE: "Mars/Olympus" is not a time zone');
    expect(message).toContain('Europe/London');
  });

  it('refuses a malformed poll cron, saying what is wrong', () => {
    expect(problem({ HORIZON_POLL_CRON: 'every hour' })).toMatch(
      /HORIZON_POLL_CRON: "every hour" is not a cron expression .*"0 \* \* \* \*"/,
    );
    expect(problem({ HORIZON_POLL_CRON: '0 25 * * *' })).toMatch(/HORIZON_POLL_CRON: .*hour/);
  });

  it('refuses an agenda schedule it cannot read, with examples', () => {
    expect(problem({ HORIZON_AGENDA_SCHEDULE: 'whenever' })).toMatch(
      /HORIZON_AGENDA_SCHEDULE: "whenever" is not a schedule .*first monday 09:00/,
    );
  });

  it('shows the value it got for a number out of range', () => {
    expect(problem({ HORIZON_AGENDA_MAX_ITEMS: '500' })).toMatch(/HORIZON_AGENDA_MAX_ITEMS: .*\(got "500"\)/);
  });

  it('accepts good values', () => {
    const c = loadConfig({
      HORIZON_TIMEZONE: 'America/New_York',
      HORIZON_POLL_CRON: '*/30 * * * *',
      HORIZON_AGENDA_SCHEDULE: 'last friday 16:30',
    });
    expect([c.timezone, c.pollCron, c.agendaSchedule]).toEqual([
      'America/New_York',
      '*/30 * * * *',
      'last friday 16:30',
    ]);
  });
});

describe('settings that are allowed but half-done', () => {
  it('warns when MICROSOFT_APP_ID has no password', () => {
    const [warning] = configWarnings(
      loadConfig({ MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001' }),
    );
    expect(warning).toMatch(/MICROSOFT_APP_ID is set but MICROSOFT_APP_PASSWORD is not/);
    expect(
      configWarnings(
        loadConfig({ MICROSOFT_APP_ID: '00000000-0000-0000-0000-000000000001', MICROSOFT_APP_PASSWORD: 's' }),
      ),
    ).toEqual([]);
  });
});
