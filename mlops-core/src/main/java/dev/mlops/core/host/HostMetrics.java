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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The host's Prometheus metrics: per function, a call counter by outcome and a latency histogram, labelled by
 * model, service, env, version and function (the external id). Meters are made when a function loads, so a call
 * only increments.
 */
final class HostMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    /** The meters of one loaded function. */
    static final class FunctionMeters {
        private final Timer duration;
        private final Map<Outcome, Counter> calls = new EnumMap<>(Outcome.class);
        private final List<Meter> all = new ArrayList<>();

        private FunctionMeters(PrometheusMeterRegistry registry, Tags tags) {
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

    FunctionMeters register(BundleDescriptor descriptor) {
        return new FunctionMeters(registry, Tags.of(
                "model", descriptor.model(),
                "service", descriptor.service(),
                "env", descriptor.env(),
                "version", Integer.toString(descriptor.version()),
                "function", descriptor.externalId()));
    }

    void remove(FunctionMeters meters) {
        meters.all.forEach(registry::remove);
    }

    /**
     * @return every metric in the Prometheus text format
     */
    String scrape() {
        return registry.scrape();
    }
}
