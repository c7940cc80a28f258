package dev.mlops.core.settings;

import java.util.Optional;

/**
 * What a model's services run with on a platform that scales them ({@code platform: kubernetes}): how many copies,
 * the CPU and memory each asks for, and autoscaling. The local platform runs each version once and takes none of it.
 *
 * @param replicas    {@code replicas}: copies of each versioned deployment (with autoscaling, how many it starts with)
 * @param cpu         {@code cpu}: the CPU each copy requests, as Kubernetes writes it ({@code 500m}, {@code 2});
 *                    empty for the cluster's default
 * @param memory      {@code memory}: the memory each copy requests and is limited to ({@code 512Mi}, {@code 1Gi});
 *                    empty for the cluster's default
 * @param autoscaling {@code autoscaling}: bounds and target of a horizontal pod autoscaler; empty for none
 */
public record ServingResources(int replicas, Optional<String> cpu, Optional<String> memory,
                               Optional<Autoscaling> autoscaling) {

    /** One copy, the cluster's default resources, no autoscaling. */
    public static final ServingResources DEFAULT = new ServingResources(1, Optional.empty(), Optional.empty(),
            Optional.empty());

    /** The default {@code autoscaling.target_cpu}. */
    public static final int DEFAULT_TARGET_CPU = 80;

    /**
     * @param min       {@code autoscaling.min}: the fewest copies
     * @param max       {@code autoscaling.max}: the most copies
     * @param targetCpu {@code autoscaling.target_cpu}: the average CPU use, in percent of {@code cpu}, the autoscaler
     *                  keeps the copies at
     */
    public record Autoscaling(int min, int max, int targetCpu) {
    }

    /**
     * @return whether the settings ask for anything beyond the default
     */
    public boolean isDefault() {
        return equals(DEFAULT);
    }
}
