// The portal's own script: loads the widget and logs the events it fires.
import '/widget/zec-reinstall-element.js';

const log = document.getElementById('event-log');
for (const name of ['snapshot-created', 'reinstall-submitted', 'status-change', 'reinstall-finished', 'rollback-finished']) {
  document.addEventListener(name, (event) => {
    const item = document.createElement('li');
    const source = event.target.id || event.target.tagName.toLowerCase();
    item.textContent = `${source}: ${name} ${JSON.stringify(event.detail)}`;
    item.dataset.event = name;
    item.dataset.source = source;
    log.append(item);
  });
}
