// Node flags for the API and worker processes (npm start, the e2e run and the benches start them so).
//
// A young generation of 64 MB semispaces instead of V8's 16 MB: each request and each run allocates
// short-lived objects, and a smaller nursery collects (and copies the survivors) four times as often.
// bench/webhooks, alternating: 0.45-0.53 ms of API CPU per run against 0.52-0.59, the worker's
// 0.51-0.57 against 0.52-0.66, completed runs/s up about 8 %; the worker's peak RSS grows by ~65 MB.
export const APP_NODE_FLAGS = ['--max-semi-space-size=64'];
