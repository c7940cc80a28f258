package dev.mlops.core.settings;

import java.util.Locale;
import java.util.Optional;

/** {@code model_format}: what the artifact is and what runs it. */
public enum ModelFormat {
    /** A Java class, {@code model_class}, built by the project. */
    JAVA,
    /** An ONNX graph in the artifact folder, run by the host's ONNX Runtime; no model class. */
    ONNX;

    /** @return the name settings use, {@code java} or {@code onnx} */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ModelFormat> parse(String id) {
        for (ModelFormat format : values()) {
            if (format.id().equals(id)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
