package dev.mlops.core.settings;

import java.util.List;
import java.util.Map;

/**
 * The {@code info.prediction} or {@code info.training} block of a model: what the deployed function shows about
 * itself.
 *
 * @param description   what the service does
 * @param owner         who answers for it
 * @param metadata      metadata with every value turned into text (a list becomes {@code [a, b]}), in file order
 * @param requiredInput the input names listed under {@code metadata.required_input}; empty when not given
 * @param schedule      for {@code info.training}: when it runs on its own, as a cron expression of five fields in
 *                      UTC (the schedule GitHub Actions runs it on); empty when it runs only when asked
 */
public record ServiceInfo(String description, String owner, Map<String, String> metadata,
                          List<String> requiredInput, java.util.Optional<String> schedule) {

    public ServiceInfo(String description, String owner, Map<String, String> metadata, List<String> requiredInput) {
        this(description, owner, metadata, requiredInput, java.util.Optional.empty());
    }
}
