// The tactic and discussion prompt for each stage live in the taxonomy file, so comms staff can reword them.
export { stageGuide } from '../tagging/index.js';
