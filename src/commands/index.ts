// The one list of commands. Help, role checks, Slack's /horizon, Teams and the CLI's sub-commands are
// all built from it. A command is one file under src/commands/<group>/ with a default export made by
// defineCommand; name it here, in the order help should show it. (test/commands/index.test.ts fails
// when a command file is missing from this list.)
import type { CommandSpec } from './types.js';
import help from './help/help.js';
import status from './status/status.js';
import feedsList from './feeds/list.js';
import feedsAdd from './feeds/add.js';
import feedsRemove from './feeds/remove.js';
import feedsExport from './feeds/export.js';
import scan from './scan/scan.js';
import channelsList from './channels/list.js';
import channelsAdd from './channels/add.js';
import channelsRemove from './channels/remove.js';
import agendaPreview from './agenda/preview.js';
import agendaPost from './agenda/post.js';
import agendaResend from './agenda/resend.js';
import agendaDrop from './agenda/drop.js';
import agendaAdd from './agenda/add.js';
import tag from './tag/tag.js';
import decide from './decide/decide.js';
import decisions from './decisions/decisions.js';
import decisionsDone from './decisions/done.js';
import decisionsDrop from './decisions/drop.js';
import decisionsReopen from './decisions/reopen.js';
import decisionsDue from './decisions/due.js';
import minutes from './minutes/show.js';
import minutesPreview from './minutes/preview.js';
import minutesPost from './minutes/post.js';
import repliesDelete from './replies/delete.js';
import schedule from './schedule/show.js';
import scheduleSet from './schedule/set.js';
import topics from './topics/list.js';
import topicsRename from './topics/rename.js';
import topicsMerge from './topics/merge.js';
import topicsPin from './topics/pin.js';
import topicsUnpin from './topics/unpin.js';
import profile from './profile/show.js';
import profileSet from './profile/set.js';
import roles from './roles/show.js';
import rolesGrant from './roles/grant.js';

export const COMMANDS: readonly CommandSpec[] = [
  help,
  status,
  feedsList,
  feedsAdd,
  feedsRemove,
  feedsExport,
  scan,
  channelsList,
  channelsAdd,
  channelsRemove,
  agendaPreview,
  agendaPost,
  agendaResend,
  agendaDrop,
  agendaAdd,
  tag,
  decide,
  decisions,
  decisionsDone,
  decisionsDrop,
  decisionsReopen,
  decisionsDue,
  minutes,
  minutesPreview,
  minutesPost,
  repliesDelete,
  schedule,
  scheduleSet,
  topics,
  topicsRename,
  topicsMerge,
  topicsPin,
  topicsUnpin,
  profile,
  profileSet,
  roles,
  rolesGrant,
];
