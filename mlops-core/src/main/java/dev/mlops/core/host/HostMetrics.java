package dev.mlops.core.host;

import dev.mlops.core.bundle.BundleDescriptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The host's Prometheus metrics: per function, a call counter by outcome and a latency histogram, labelled by
 * model, service, env, version and function (the external id). Meters are made when a function loads, so a call
 * only increments. A function's meters are shared by every load of it: a replaced bundle's series go on counting,
 * and they are removed only when the last load of the function is closed.
 */
final class HostMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** The meters of one loaded function. */
    static final class FunctionMeters {
        private final Timer duration;
        private final Map<Outcome, Counter> calls = new EnumMap<>(Outcome.class);
        private final List<Meter> all = new ArrayList<>();
        private final String function;
        /** Loads holding these meters; guarded by the registry's lock. */
        private int holders;

        private FunctionMeters(PrometheusMeterRegistry registry, String function, Tags tags) {
            this.function = function;
            duration = Timer.builder("mlops.call.duration")
                    .description("Time from a call's arrival to its answer")
                    .tags(tags)
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofNanos(50_000))
                    .maximumExpectedValue(Duration.ofSeconds(120))
                    .register(registry);
            all.add(duration);
            for (Outcome outcome : Outcome.values()) {
                Counter counter = Counter.builder("mlops.calls")
                        .description("Calls by outcome: ok, client_error, model_error, timeout")
                        .tags(tags.and("outcome", outcome.label()))
                        .register(registry);
                calls.put(outcome, counter);
                all.add(counter);
            }
        }

        void record(Outcome outcome, long nanos) {
            calls.get(outcome).increment();
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private final Map<String, FunctionMeters> byFunction = new HashMap<>();

    /**
     * @return the meters of the descriptor's function, shared with its other loads; {@link #release} them when the
     *         load is closed
     */
    synchronized FunctionMeters register(BundleDescriptor descriptor) {
        FunctionMeters meters = byFunction.computeIfAbsent(descriptor.externalId(), id -> new FunctionMeters(registry,
                id, Tags.of(
                        "model", descriptor.model(),
                        "service", descriptor.service(),
                        "env", descriptor.env(),
                        "version", Integer.toString(descriptor.version()),
                        "function", id)));
        meters.holders++;
        return meters;
    }

    /** One load no longer holds the meters; the last one removes them from the registry. */
    synchronized void release(FunctionMeters meters) {
        if (--meters.holders == 0) {
            byFunction.remove(meters.function);
            meters.all.forEach(registry::remove);
        }
    }

    /**
     * @return every metric in the Prometheus text format
     */
    String scrape() {
        return registry.scrape();
    }
}
