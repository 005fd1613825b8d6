package papers.web;

import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The numbers an admin watches, as Prometheus text at {@code /metrics} (Micrometer): requests by route template,
 * method and status with their latency; JVM memory, GC, threads, CPU. The parts of the app add their own meters
 * ({@link #gauge}, {@link #counter}) where the number lives: cache hits, change-log lag, embedding backlog, pool,
 * digests. A gauge reads its number when scraped, so nothing is counted twice.
 */
public final class Metrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public Metrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** A number read when scraped; a failing read (the database is down) shows as NaN, not an error. */
    public <T> void gauge(String name, String help, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, s -> {
            try {
                return value.applyAsDouble(s);
            } catch (RuntimeException e) {
                return Double.NaN;
            }
        }).description(help).register(registry);
    }

    /** A count that only grows, kept by its source (read when scraped). */
    public <T> void functionCounter(String name, String help, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(help).register(registry);
    }

    public Counter counter(String name, String help, String... tags) {
        return Counter.builder(name).description(help).tags(tags).register(registry);
    }

    /** Records one answered request under its route template (not its path: ids would make a series each). */
    void request(Context ctx, float millis) {
        var endpoint = ctx.endpoints().matchedHttpEndpoint();
        String route = endpoint != null ? endpoint.path
                : ctx.path().startsWith("/static/") ? "/static/*" : "unmatched";
        Timer.builder("http.server.requests").description("HTTP requests answered")
                .tags("method", ctx.method().name(), "route", route, "status", Integer.toString(ctx.statusCode()))
                .publishPercentileHistogram(false)
                .register(registry)
                .record((long) (millis * 1_000_000), TimeUnit.NANOSECONDS);
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
