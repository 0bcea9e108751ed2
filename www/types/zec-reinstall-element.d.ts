// Types of the zec-reinstall widget package: the <zec-reinstall> custom element, its
// attributes, properties and events, and `mount` / `ready` for mounting it yourself.
// React 19 JSX: `import type {} from 'zec-reinstall/react'`; Vue 3 templates:
// `import type {} from 'zec-reinstall/vue'`.

/** `light`, `dark`, or `auto` (follows the operating system). */
export type Theme = 'light' | 'dark' | 'auto';

/** An instance status as the API names it (`DEPLOYING`, `RUNNING`, …). */
export type InstanceStatus =
  | 'PENDING' | 'DEPLOYING' | 'REBUILDING' | 'BOOTING' | 'STARTING' | 'RUNNING' | 'STOPPING'
  | 'STOPPED' | 'REBOOT' | 'RELEASING' | 'RECYCLE' | 'RECYCLING' | 'IMAGING' | 'RESIZING'
  | 'CREATE_FAILED' | 'REINSTALL_FAILED' | (string & {});

/** The `detail` of every widget event. */
export interface ZecReinstallEventDetail {
  instanceId: string;
  status: InstanceStatus;
  /** The request id of the call (for `snapshot-created`, the snapshot's id). */
  requestId: string;
}

export type ZecReinstallEvent = CustomEvent<ZecReinstallEventDetail>;

/** The events the widget fires on its element (bubbling, composed). */
export interface ZecReinstallEventMap {
  /** The snapshot taken before a reinstall is ready. */
  'snapshot-created': ZecReinstallEvent;
  /** The API accepted a reinstall. */
  'reinstall-submitted': ZecReinstallEvent;
  /** The watched instance's status changed. */
  'status-change': ZecReinstallEvent;
  /** The reinstall ended: `RUNNING` or `REINSTALL_FAILED`. */
  'reinstall-finished': ZecReinstallEvent;
  /** A rollback to a snapshot ended. */
  'rollback-finished': ZecReinstallEvent;
}

/** The languages the widget speaks. */
export type Locale = 'en' | 'zh-CN';

/** Returns a fresh portal session (a JWT minted by the portal's backend). */
export type FetchSession = () => Promise<string>;

/** Options of `mount`; in `update`, an option left out keeps its value and `null` clears it. */
export interface WidgetOptions {
  /** Open the reinstall panel of this instance only; without it, the instance list. */
  instanceId?: string | null;
  /** Where the proxy is; default the page's own origin. */
  apiBase?: string | null;
  theme?: Theme | null;
  /** A portal session, sent as `Authorization: Bearer`; never put into a URL. */
  session?: string | null;
  /** Called before the session expires, and once when the proxy says it has. */
  fetchSession?: FetchSession | null;
  /** The single-tenant token (`--token-file`): one token for every user; not for portals with several customers. */
  accessToken?: string | null;
  /** The language: `"en"` or `"zh-CN"`; default (or `null`) the page's `<html lang>`, then the browser's languages. */
  locale?: Locale | null;
}

/** A mounted widget. */
export interface WidgetHandle {
  /**
   * Changes options in place: what the user typed is kept. A new `instanceId` while the form
   * has unsent changes asks the user first; `false` when they chose to stay.
   */
  update(options: WidgetOptions): boolean;
  /** Removes the widget and stops its live updates. */
  unmount(): void;
  /** Frees the handle's memory (after `unmount`). */
  free(): void;
}

/** Resolves once the wasm has loaded; `mount` may be called after it. */
export const ready: Promise<void>;

/** Mounts the widget into `element` (after `ready`). */
export function mount(element: HTMLElement, options?: WidgetOptions): WidgetHandle;

/** The attributes of `<zec-reinstall>` (each also a property: `instanceId`, `apiBase`, …). */
export interface ZecReinstallAttributes {
  'instance-id'?: string;
  'api-base'?: string;
  theme?: Theme;
  session?: string;
  'access-token'?: string;
  locale?: Locale;
}

/** `<zec-reinstall>`. Attribute and property changes apply in place. */
export class ZecReinstallElement extends HTMLElement {
  instanceId: string | null;
  apiBase: string | null;
  theme: Theme | null;
  session: string | null;
  accessToken: string | null;
  locale: string | null;
  /** A property only: the page's way to get a fresh session. */
  fetchSession: FetchSession | null;
  addEventListener<K extends keyof ZecReinstallEventMap>(
    type: K,
    listener: (this: ZecReinstallElement, event: ZecReinstallEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof ZecReinstallEventMap>(
    type: K,
    listener: (this: ZecReinstallElement, event: ZecReinstallEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'zec-reinstall': ZecReinstallElement;
  }
  // The events bubble out of the Shadow DOM, so the page can listen anywhere above it.
  interface GlobalEventHandlersEventMap extends ZecReinstallEventMap {}
}
