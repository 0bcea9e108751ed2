// The package's declarations used as a portal's code would use them; every
// `@ts-expect-error` line must stay an error, so the types cannot silently become `any`.
import { mount, ready, type WidgetHandle, type ZecReinstallElement } from 'zec-reinstall';

export async function mountedByHand(element: HTMLElement): Promise<WidgetHandle> {
  await ready;
  const handle = mount(element, { instanceId: 'ins-1', theme: 'dark', fetchSession: async () => 'jwt' });
  const stayed: boolean = handle.update({ theme: null, session: 'jwt-2' });
  // @ts-expect-error: not a theme
  handle.update({ theme: 'blue' });
  // @ts-expect-error: fetchSession returns a promise of the session
  mount(element, { fetchSession: () => 42 });
  void stayed;
  return handle;
}

export function element(): ZecReinstallElement {
  const widget = document.createElement('zec-reinstall');
  widget.instanceId = 'ins-1';
  widget.fetchSession = async () => 'jwt';
  widget.addEventListener('reinstall-finished', (event) => {
    const status: string = event.detail.status;
    const id: string = event.detail.instanceId;
    // @ts-expect-error: detail has no such field
    void event.detail.password;
    void status;
    void id;
  });
  document.addEventListener('snapshot-created', (event) => void event.detail.requestId);
  // @ts-expect-error: a property that does not exist
  widget.instanceID = 'x';
  return widget;
}
