// esbuild `inject`: modules that use `Buffer` without importing it get the buffer package's (as the extension build does).
export { Buffer } from 'buffer';
