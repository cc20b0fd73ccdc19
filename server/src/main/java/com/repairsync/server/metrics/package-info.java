/** Server metrics in Micrometer, scraped in Prometheus format at {@code /metrics}. */
package com.repairsync.server.metrics;
