import type { OrgProfile } from '../../profile/profile.js';

export function profileFields(p: OrgProfile) {
  const show = (v: string[]) => (v.length ? v.join(', ') : '(none)');
  return [
    { label: 'Mission keywords', value: show(p.missionKeywords) },
    { label: 'Beneficiary groups', value: show(p.beneficiaryGroups) },
    { label: 'Themes', value: show(p.themes) },
    { label: 'Places', value: show(p.places) },
  ];
}
