package com.suresoft.ams.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.TestInstances;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.release.ReleasePlanner;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** samples/production.yaml becomes the seed's application tier, object by object. */
class ProductionRenderTest {
  private List<HasMetadata> objects;

  @BeforeEach
  void render() {
    var model = InstanceModel.of(TestInstances.sample("production"));
    objects = Stack.objects(model, ReleasePlanner.steady(model, Slot.blue), Map.of(), k -> "x" + k);
  }

  private <T extends HasMetadata> T get(Class<T> type, String name) {
    return objects.stream()
        .filter(type::isInstance)
        .map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
  }

  @Test
  void apiDeploymentHasTheSeedsPortProbesResourcesAndSecretEnv() {
    var api = get(Deployment.class, "ams-api-blue");
    // HPA on: replicas belong to it, so the Deployment sets none.
    assertThat(api.getSpec().getReplicas()).isNull();
    var c = api.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(c.getImage()).isEqualTo("ghcr.io/suresoft/ams-api:1.0.0");
    assertThat(c.getPorts().get(0).getContainerPort()).isEqualTo(4000);
    assertThat(c.getResources().getRequests())
        .containsEntry("memory", new Quantity("256Mi"))
        .containsEntry("cpu", new Quantity("250m"));
    assertThat(c.getResources().getLimits())
        .containsEntry("memory", new Quantity("512Mi"))
        .containsEntry("cpu", new Quantity("500m"));
    assertThat(c.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
    assertThat(c.getLivenessProbe().getHttpGet().getPort().getIntVal()).isEqualTo(4000);
    assertThat(c.getLivenessProbe().getInitialDelaySeconds()).isEqualTo(30);
    assertThat(c.getLivenessProbe().getPeriodSeconds()).isEqualTo(10);
    assertThat(c.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
    assertThat(c.getReadinessProbe().getInitialDelaySeconds()).isEqualTo(10);
    assertThat(c.getReadinessProbe().getPeriodSeconds()).isEqualTo(5);
    var env = c.getEnv();
    assertThat(env)
        .anySatisfy(
            e -> {
              assertThat(e.getName()).isEqualTo("NODE_ENV");
              assertThat(e.getValue()).isEqualTo("production");
            });
    for (var pair :
        Map.of(
                "DATABASE_URL",
                "database-url",
                "REDIS_URL",
                "redis-url",
                "JWT_ACCESS_SECRET",
                "jwt-access-secret",
                "JWT_REFRESH_SECRET",
                "jwt-refresh-secret")
            .entrySet()) {
      assertThat(env)
          .anySatisfy(
              e -> {
                assertThat(e.getName()).isEqualTo(pair.getKey());
                assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("ams-secrets");
                assertThat(e.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(pair.getValue());
              });
    }
  }

  @Test
  void webHasThreeReplicasAndWorkerRunsTheApiImageAsWorker() {
    var web = get(Deployment.class, "ams-web-blue");
    assertThat(web.getSpec().getReplicas()).isEqualTo(3);
    assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/suresoft/ams-web:1.0.0");
    var worker = get(Deployment.class, "ams-worker-blue").getSpec().getTemplate().getSpec();
    assertThat(worker.getContainers().get(0).getImage())
        .isEqualTo("ghcr.io/suresoft/ams-api:1.0.0");
    assertThat(worker.getContainers().get(0).getCommand()).containsExactly("npm", "run", "worker");
  }

  @Test
  void servicesSelectTheActiveSlotOnTheSeedsPorts() {
    var api = get(Service.class, "ams-api-service");
    assertThat(api.getSpec().getPorts().get(0).getPort()).isEqualTo(4000);
    assertThat(api.getSpec().getSelector())
        .containsEntry("ams.suresoft.com/slot", "blue")
        .containsEntry("app.kubernetes.io/component", "api");
    assertThat(get(Service.class, "ams-web-service").getSpec().getPorts().get(0).getPort())
        .isEqualTo(80);
  }

  @Test
  void ingressIsTheSeeds() {
    var ingress = get(Ingress.class, "ams-ingress");
    assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
    assertThat(ingress.getMetadata().getAnnotations())
        .containsEntry("cert-manager.io/cluster-issuer", "letsencrypt-prod")
        .containsEntry("nginx.ingress.kubernetes.io/ssl-redirect", "true")
        .containsEntry("nginx.ingress.kubernetes.io/limit-rps", "100");
    assertThat(ingress.getSpec().getTls().get(0).getHosts()).containsExactly("ams.suresoft.com");
    assertThat(ingress.getSpec().getTls().get(0).getSecretName()).isEqualTo("ams-tls");
    var paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
    assertThat(paths.get(0).getPath()).isEqualTo("/api");
    assertThat(paths.get(0).getBackend().getService().getName()).isEqualTo("ams-api-service");
    assertThat(paths.get(0).getBackend().getService().getPort().getNumber()).isEqualTo(4000);
    assertThat(paths.get(1).getPath()).isEqualTo("/");
    assertThat(paths.get(1).getBackend().getService().getName()).isEqualTo("ams-web-service");
    assertThat(paths.get(1).getBackend().getService().getPort().getNumber()).isEqualTo(80);
  }

  @Test
  void hpasHaveTheSeedsBoundsAndTargets() {
    var api = get(HorizontalPodAutoscaler.class, "ams-api-hpa");
    assertThat(api.getSpec().getMinReplicas()).isEqualTo(3);
    assertThat(api.getSpec().getMaxReplicas()).isEqualTo(10);
    assertThat(api.getSpec().getScaleTargetRef().getName()).isEqualTo("ams-api-blue");
    assertThat(api.getSpec().getMetrics())
        .extracting(
            m ->
                m.getResource().getName()
                    + "="
                    + m.getResource().getTarget().getAverageUtilization())
        .containsExactly("cpu=70", "memory=80");
    var worker = get(HorizontalPodAutoscaler.class, "ams-worker-hpa");
    assertThat(worker.getSpec().getMinReplicas()).isEqualTo(2);
    assertThat(worker.getSpec().getMaxReplicas()).isEqualTo(8);
  }

  @Test
  void podsAreRestricted() {
    for (String name : List.of("ams-web-blue", "ams-api-blue", "ams-worker-blue")) {
      var pod = get(Deployment.class, name).getSpec().getTemplate().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .isEqualTo("RuntimeDefault");
      var sc = pod.getContainers().get(0).getSecurityContext();
      assertThat(sc.getAllowPrivilegeEscalation()).isFalse();
      assertThat(sc.getReadOnlyRootFilesystem()).isTrue();
      assertThat(sc.getCapabilities().getDrop()).containsExactly("ALL");
      assertThat(
              java.util.Objects.requireNonNullElse(
                  sc.getCapabilities().getAdd(), List.<String>of()))
          .isSubsetOf("NET_BIND_SERVICE");
    }
  }

  @Test
  void everyChildCarriesTheContractLabels() {
    for (var o : objects) {
      assertThat(o.getMetadata().getLabels())
          .as(o.getKind() + " " + o.getMetadata().getName())
          .containsEntry("app.kubernetes.io/name", "ams")
          .containsEntry("app.kubernetes.io/instance", "ams")
          .containsEntry("app.kubernetes.io/managed-by", "ams-operator")
          .containsEntry("app.kubernetes.io/version", "1.0.0")
          .containsKey("app.kubernetes.io/component");
    }
  }

  @Test
  void secretHasTheContractKeysAndUrlsPointAtTheDataTier() {
    var secret = AppSecret.decode(get(Secret.class, "ams-secrets"));
    assertThat(secret)
        .containsKeys(
            "database-url",
            "redis-url",
            "jwt-access-secret",
            "jwt-refresh-secret",
            "postgres-password",
            "redis-password",
            "minio-root-user",
            "minio-root-password");
    // Production has the pooler on: the app talks to PgBouncer, over TLS verified against its CA.
    assertThat(secret.get("database-url"))
        .isEqualTo(
            "postgresql://ams:xpostgres-password@ams-pgbouncer:5432/ams"
                + "?sslmode=verify-full&sslrootcert=/etc/ams/ca/ca.crt");
    // TLS only: the plain port is closed.
    assertThat(secret.get("redis-url")).isEqualTo("rediss://:xredis-password@ams-redis:6379");
  }
}
