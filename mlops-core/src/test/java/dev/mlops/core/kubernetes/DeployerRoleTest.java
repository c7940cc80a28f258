package dev.mlops.core.kubernetes;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeployerRoleTest {

    @Test
    void requestsBecomeWhatTheAuthorizerDecidesOn() {
        assertThat(DeployerRole.attributes("GET /apis/apps/v1/namespaces/models/deployments/model1-prediction-test-1"))
                .isEqualTo(new DeployerRole.Attributes("apps", "deployments", "model1-prediction-test-1", "get"));
        assertThat(DeployerRole.attributes("GET /apis/apps/v1/namespaces/models/deployments?labelSelector=a%3Db"))
                .isEqualTo(new DeployerRole.Attributes("apps", "deployments", "", "list"));
        assertThat(DeployerRole.attributes("POST /api/v1/namespaces/models/services/m-1:http/proxy/functions/x/call"))
                .isEqualTo(new DeployerRole.Attributes("", "services/proxy", "m-1", "create"));
        assertThat(DeployerRole.attributes("GET /api/v1/namespaces/models/pods/m-1-pod/log?tailLines=5"))
                .isEqualTo(new DeployerRole.Attributes("", "pods/log", "m-1-pod", "get"));
        assertThat(DeployerRole.attributes("PUT /api/v1/namespaces/models/configmaps/m-ledger"))
                .isEqualTo(new DeployerRole.Attributes("", "configmaps", "m-ledger", "update"));
        assertThat(DeployerRole.attributes("DELETE /apis/policy/v1/namespaces/models/poddisruptionbudgets"))
                .isEqualTo(new DeployerRole.Attributes("policy", "poddisruptionbudgets", "", "deletecollection"));
    }

    @Test
    void theShippedRoleGrantsWhatTheDeployerNeedsAndNoMore() throws Exception {
        DeployerRole.assertGrants(List.of("GET /api/v1/namespaces/models/secrets/mlops-host-token",
                "PATCH /apis/autoscaling/v2/namespaces/models/horizontalpodautoscalers/m-1"));

        for (String refused : List.of("GET /api/v1/namespaces/models/secrets/model1-secrets",
                "GET /api/v1/namespaces/models/secrets", "DELETE /api/v1/namespaces/models/configmaps/m-ledger",
                "POST /api/v1/namespaces/models/pods", "DELETE /apis/apps/v1/namespaces/models/deployments",
                "POST /apis/rbac.authorization.k8s.io/v1/namespaces/models/roles")) {
            assertThatThrownBy(() -> DeployerRole.assertGrants(List.of(refused))).as(refused)
                    .isInstanceOf(AssertionError.class).hasMessageContaining(refused);
        }
    }
}
