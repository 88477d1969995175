// Preload (node -r) that keeps every TCP server of the process on the loopback interface.
// The Agents Playground listens on all interfaces and has no option to choose the host;
// a test emulator must not be reachable from the network.
"use strict";
const net = require("net");

const LOOPBACK = "127.0.0.1";
const WILDCARD_HOSTS = new Set([undefined, null, "", "0.0.0.0", "::"]);
const originalListen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const first = args[0];
  if (first !== null && typeof first === "object" && !Array.isArray(first)) {
    // listen(options[, callback]): a handle or a Unix socket path is left alone.
    if (first.path === undefined && first.handle === undefined && first._handle === undefined && first.fd === undefined
        && WILDCARD_HOSTS.has(first.host)) {
      args[0] = { ...first, host: LOOPBACK };
    }
  } else if (typeof first === "number" || (typeof first === "string" && /^\d+$/.test(first))) {
    // listen(port[, host][, backlog][, callback]).
    if (typeof args[1] === "string" && !WILDCARD_HOSTS.has(args[1])) {
      return originalListen.apply(this, args);
    }
    if (typeof args[1] === "string" || args[1] === undefined || args[1] === null) {
      args[1] = LOOPBACK;
    } else {
      args.splice(1, 0, LOOPBACK);
    }
  } else if (first === undefined || typeof first === "function") {
    // listen([callback]): a random port on all interfaces by default.
    return originalListen.call(this, 0, LOOPBACK, ...args.filter((arg) => arg !== undefined));
  }
  return originalListen.apply(this, args);
};
