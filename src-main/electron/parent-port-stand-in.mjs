// Loaded with `node --import` into a forked Node child by the utility-process tests: gives it the
// `process.parentPort` an Electron utility process has (messages arrive as { data }), over Node's IPC.
const listeners = new Map();
process.parentPort = {
  on(event, listener) {
    if (event !== 'message') return;
    const wrapped = (data) => listener({ data, ports: [] });
    listeners.set(listener, wrapped);
    process.on('message', wrapped);
  },
  off(event, listener) {
    const wrapped = listeners.get(listener);
    if (event === 'message' && wrapped) process.off('message', wrapped);
    listeners.delete(listener);
  },
  postMessage(message) {
    if (process.connected) process.send(message);
  },
};
