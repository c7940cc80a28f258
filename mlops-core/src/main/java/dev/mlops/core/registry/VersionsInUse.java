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

    /**
     * @return which platform this is, as recorded with the versions it serves in a shared store ("the local
     *         platform on host1 in /home/me/.mlops/local"); empty for none
     */
    default String where() {
        return "";
    }
}
