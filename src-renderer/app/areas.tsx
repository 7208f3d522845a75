import AboutIcon from '@mui/icons-material/InfoOutlined';
import DevicesIcon from '@mui/icons-material/DevicesOther';
import DigitalTwinsIcon from '@mui/icons-material/AccountTree';
import EnrollmentsIcon from '@mui/icons-material/AssignmentInd';
import JobsIcon from '@mui/icons-material/PlaylistPlay';
import SandboxIcon from '@mui/icons-material/Dns';
import SerialIcon from '@mui/icons-material/Usb';
import SettingsIcon from '@mui/icons-material/Settings';
import SimulatorIcon from '@mui/icons-material/Hub';
import StatusIcon from '@mui/icons-material/MonitorHeart';
import TimelineIcon from '@mui/icons-material/Timeline';
import type SvgIcon from '@mui/material/SvgIcon';
import type { ComponentType } from 'react';
import { lazyPage } from './routing/lazy-page.tsx';

/**
 * One area of the console: its drawer entry, its route (#/<id>) and its page. The title key must
 * exist in both i18n files (areas.<id>.title). Order here is the drawer order and Ctrl/Cmd+1..9.
 */
export interface Area {
  id: string;
  icon: typeof SvgIcon;
  titleKey: string;
  page: ComponentType;
}

// Pages load on first visit so the start-up bundle holds only the frame.
export const areas: readonly Area[] = [
  { id: 'enrollments', icon: EnrollmentsIcon, titleKey: 'areas.enrollments.title', page: lazyPage(() => import('../features/enrollments/EnrollmentsPage.tsx')) },
  { id: 'devices', icon: DevicesIcon, titleKey: 'areas.devices.title', page: lazyPage(() => import('../features/devices/DevicesPage.tsx')) },
  { id: 'jobs', icon: JobsIcon, titleKey: 'areas.jobs.title', page: lazyPage(() => import('../features/jobs/JobsPage.tsx')) },
  { id: 'simulator', icon: SimulatorIcon, titleKey: 'areas.simulator.title', page: lazyPage(() => import('../features/simulator/SimulatorPage.tsx')) },
  { id: 'timeline', icon: TimelineIcon, titleKey: 'areas.timeline.title', page: lazyPage(() => import('../features/timeline/TimelinePage.tsx')) },
  { id: 'digital-twins', icon: DigitalTwinsIcon, titleKey: 'areas.digital-twins.title', page: lazyPage(() => import('../features/digital-twins/DigitalTwinsPage.tsx')) },
  { id: 'serial', icon: SerialIcon, titleKey: 'areas.serial.title', page: lazyPage(() => import('../features/serial/SerialPage.tsx')) },
  { id: 'sandbox', icon: SandboxIcon, titleKey: 'areas.sandbox.title', page: lazyPage(() => import('../features/sandbox/SandboxPage.tsx')) },
  { id: 'settings', icon: SettingsIcon, titleKey: 'areas.settings.title', page: lazyPage(() => import('../features/settings/SettingsPage.tsx')) },
  { id: 'status', icon: StatusIcon, titleKey: 'areas.status.title', page: lazyPage(() => import('../features/status/StatusPage.tsx')) },
  { id: 'about', icon: AboutIcon, titleKey: 'areas.about.title', page: lazyPage(() => import('../features/about/AboutPage.tsx')) },
];

/** Where the console opens when the address names no area. */
export const DEFAULT_AREA_ID = 'status';

export function findArea(id: string | undefined): Area | undefined {
  return areas.find((area) => area.id === id);
}
