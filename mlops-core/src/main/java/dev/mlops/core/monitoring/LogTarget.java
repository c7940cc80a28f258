package dev.mlops.core.monitoring;

/**
 * Where one deployed version's sampled calls are logged, and how many of them.
 *
 * @param store      the store's address: {@code s3://<bucket>/<prefix>} or a folder
 * @param dataset    the namespace within the store
 * @param model      the model's name
 * @param env        the environment it serves
 * @param version    the artifact version it serves
 * @param sampleRate the share of calls logged, above 0 and at most 1
 */
public record LogTarget(String store, String dataset, String model, String env, int version, double sampleRate) {

    /**
     * @return the key prefix of this version's log files within the store, ending with {@code /}
     */
    public String prefix() {
        return PredictionLog.prefix(dataset, model, env, version);
    }
}
