// React 19 JSX for <zec-reinstall>: `import type {} from 'zec-reinstall/react'` once in the
// project. React 19 sets `fetchSession` as a property and listens to `on<event-name>`
// props as the element's events.
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { FetchSession, Locale, Theme, ZecReinstallElement, ZecReinstallEvent } from './zec-reinstall-element';

export interface ZecReinstallProps extends DetailedHTMLProps<HTMLAttributes<ZecReinstallElement>, ZecReinstallElement> {
  'instance-id'?: string;
  'api-base'?: string;
  theme?: Theme;
  locale?: Locale;
  session?: string;
  'access-token'?: string;
  fetchSession?: FetchSession;
  'onsnapshot-created'?: (event: ZecReinstallEvent) => void;
  'onreinstall-submitted'?: (event: ZecReinstallEvent) => void;
  'onstatus-change'?: (event: ZecReinstallEvent) => void;
  'onreinstall-finished'?: (event: ZecReinstallEvent) => void;
  'onrollback-finished'?: (event: ZecReinstallEvent) => void;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'zec-reinstall': ZecReinstallProps;
    }
  }
}
