// Vue 3 templates: <zec-reinstall> as a global component for type checking (vue-tsc, Volar):
// `import type {} from 'zec-reinstall/vue'` once in the project. It stays a custom element:
// tell Vue's compiler so (`compilerOptions.isCustomElement`).
import type { DefineComponent } from 'vue';
import type { FetchSession, Locale, Theme, ZecReinstallEvent } from './zec-reinstall-element';

export interface ZecReinstallVueProps {
  'instance-id'?: string;
  'api-base'?: string;
  theme?: Theme;
  locale?: Locale;
  session?: string;
  'access-token'?: string;
  fetchSession?: FetchSession;
  onSnapshotCreated?: (event: ZecReinstallEvent) => void;
  onReinstallSubmitted?: (event: ZecReinstallEvent) => void;
  onStatusChange?: (event: ZecReinstallEvent) => void;
  onReinstallFinished?: (event: ZecReinstallEvent) => void;
  onRollbackFinished?: (event: ZecReinstallEvent) => void;
}

export type ZecReinstallComponent = DefineComponent<ZecReinstallVueProps>;

declare module 'vue' {
  interface GlobalComponents {
    'zec-reinstall': ZecReinstallComponent;
    ZecReinstall: ZecReinstallComponent;
  }
}
