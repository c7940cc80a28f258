package dev.mlops.core.registry;

import java.io.IOException;
import java.util.List;

/** What a platform knows about which artifact versions its deployments run, so that none is deleted under them. */
@FunctionalInterface
public interface VersionsInUse {

    /** A platform with no deployments. */
    VersionsInUse NONE = version -> List.of();

    /**
     * @return the external ids of the deployments that run this version
     */
    List<String> deploymentsOf(ArtifactVersion version) throws IOException;
}
