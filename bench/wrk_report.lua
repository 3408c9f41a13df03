-- Prints one JSON line with what bench_web.py reports: requests, seconds, latency percentiles
-- (milliseconds) and errors (socket errors, timeouts and answers other than 2xx/3xx).
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50": %.2f, "p95": %.2f, "p99": %.2f, ' ..
    '"errors": %d, "status_errors": %d, "timeouts": %d, "bytes": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout, e.status, e.timeout, summary.bytes))
end
