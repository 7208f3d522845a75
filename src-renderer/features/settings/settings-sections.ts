import type { ComponentType } from 'react';
import { ProfilesSection } from '../profiles/ProfilesSection.tsx';
import { AppearanceSection } from './AppearanceSection.tsx';
import { StationSection } from './StationSection.tsx';

/**
 * The sections of the Settings page, top to bottom. A feature mounts its own section with one
 * line here; the section renders its own heading (h2) and content, the page frames it.
 */
export interface SettingsSection {
  id: string;
  component: ComponentType;
}

export const settingsSections: readonly SettingsSection[] = [
  { id: 'appearance', component: AppearanceSection },
  { id: 'station', component: StationSection },
  { id: 'profiles', component: ProfilesSection },
];
