package dev.mlops.core.client;

import dev.mlops.core.naming.Environment;
import dev.mlops.core.naming.Service;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which functions a listing shows; every filter left empty shows all.
 *
 * @param environment only this environment
 * @param model       only this model
 * @param service     only this service
 * @param tag         only functions whose metadata has this key, or this {@code key=value}
 */
public record FunctionFilter(Optional<Environment> environment, Optional<String> model, Optional<Service> service,
                             Optional<String> tag) {

    /** Every function. */
    public static final FunctionFilter ALL = new FunctionFilter(Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty());

    /**
     * @return the host's query string for this filter, {@code ?env=test&model=model1}, or empty text
     */
    String query() {
        List<String> parts = new ArrayList<>();
        environment.ifPresent(e -> parts.add("env=" + e.id()));
        model.ifPresent(m -> parts.add("model=" + URLEncoder.encode(m, StandardCharsets.UTF_8)));
        service.ifPresent(s -> parts.add("service=" + s.id()));
        tag.ifPresent(t -> parts.add("tag=" + URLEncoder.encode(t, StandardCharsets.UTF_8)));
        return parts.isEmpty() ? "" : "?" + String.join("&", parts);
    }
}
