// Preloaded into the custody CLI by the verify tests (NODE_OPTIONS=--require): any attempt to open
// a network connection or resolve a name throws, so "offline" is proven rather than assumed.
const net = require('node:net');
const dns = require('node:dns');
const refuse = () => {
  throw new Error('custody verify tests: network access attempted');
};
net.Socket.prototype.connect = refuse;
dns.lookup = refuse;
dns.resolve = refuse;
