package com.suresoft.ams.operator.model.rollout;

import com.suresoft.ams.operator.model.Component;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Labels;
import com.suresoft.ams.operator.model.PodSecurity;
import com.suresoft.ams.operator.model.app.AppContainers;
import com.suresoft.ams.operator.model.app.AppServices;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.util.List;
import java.util.Map;

/**
 * The Jobs of a release: the migration {@code <name>-migrate-<version>} (the new API image with
 * {@code release.migration.command} and the API's environment) and the blue-green smoke check (the
 * seed pipeline's {@code curl -f .../health}, against the API preview Service).
 */
public final class ReleaseJobs {

  /** A small, non-root image with curl; pinned so the check does not change under us. */
  public static final String SMOKE_CHECK_IMAGE =
      "curlimages/curl:8.11.1@sha256:c1fe1679c34d9784c1b0d1e5f62ac0a79fca01fb6377cdd33e90473c6f9f9a69";

  /** uid of {@code curl_user} in the curl image. */
  static final long CURL_UID = 100;

  /** Seconds the smoke check may take, retries included. */
  static final int SMOKE_CHECK_DEADLINE_SECONDS = 120;

  private ReleaseJobs() {}

  /** The Job a {@link JobRequest} asks for. */
  public static Job desired(InstanceModel m, JobRequest request) {
    return switch (request.kind()) {
      case MIGRATION -> migration(m, request);
      case SMOKE_CHECK -> smokeCheck(m, request);
    };
  }

  public static Job migration(InstanceModel m, JobRequest request) {
    var migration = m.spec().getRelease().getMigration();
    var container =
        new ContainerBuilder()
            .withName("migrate")
            .withImage(AppContainers.image(m, Component.API, request.version()))
            .withImagePullPolicy("IfNotPresent")
            .withCommand(migration.getCommand())
            .withEnv(AppContainers.apiEnv(m))
            .withResources(m.spec().getApi().getResources())
            .withSecurityContext(PodSecurity.container())
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            // DATABASE_URL verifies the server against this CA, as in the API's pods.
            .addAllToVolumeMounts(AppContainers.databaseCaMounts(m))
            .build();
    return job(
        m,
        request,
        Component.MIGRATION,
        migration.getActiveDeadlineSeconds(),
        AppContainers.uid(Component.API),
        container,
        AppContainers.databaseCaVolumes(m));
  }

  public static Job smokeCheck(InstanceModel m, JobRequest request) {
    String url =
        "http://"
            + m.names().previewService(Component.API)
            + ":"
            + AppServices.port(Component.API)
            + "/health";
    var container =
        new ContainerBuilder()
            .withName("smoke-check")
            .withImage(SMOKE_CHECK_IMAGE)
            .withImagePullPolicy("IfNotPresent")
            // -f fails on an HTTP error like the seed's pipeline; retries absorb the seconds a new
            // Service needs before its endpoints are programmed everywhere.
            .withCommand(
                List.of(
                    "curl",
                    "-fsS",
                    "--max-time",
                    "10",
                    "--retry",
                    "5",
                    "--retry-connrefused",
                    "--retry-delay",
                    "3",
                    url))
            .withSecurityContext(PodSecurity.container())
            .addNewVolumeMount()
            .withName("tmp")
            .withMountPath("/tmp")
            .endVolumeMount()
            .build();
    return job(
        m,
        request,
        Component.SMOKE_CHECK,
        SMOKE_CHECK_DEADLINE_SECONDS,
        CURL_UID,
        container,
        List.of());
  }

  private static Job job(
      InstanceModel m,
      JobRequest request,
      Component component,
      int deadlineSeconds,
      long uid,
      Container container,
      List<Volume> volumes) {
    var labels = Labels.of(m.name(), component, request.version());
    return new JobBuilder()
        .withNewMetadata()
        .withName(request.name())
        .withNamespace(m.namespace())
        .withLabels(labels)
        .withAnnotations(Map.of(JobObservation.ATTEMPT_ANNOTATION, request.attempt()))
        .endMetadata()
        .withNewSpec()
        // One try: a failed migration must not be re-run behind anyone's back (it may have
        // half-applied); retry is an explicit action.
        .withBackoffLimit(0)
        .withActiveDeadlineSeconds((long) deadlineSeconds)
        .withNewTemplate()
        .withNewMetadata()
        .withLabels(labels)
        .endMetadata()
        .withNewSpec()
        .withRestartPolicy("Never")
        .withAutomountServiceAccountToken(false)
        .withEnableServiceLinks(false)
        .withSecurityContext(PodSecurity.pod(uid))
        .withImagePullSecrets(
            m.spec().getImagePullSecrets().isEmpty() ? null : m.spec().getImagePullSecrets())
        .withContainers(container)
        .addNewVolume()
        .withName("tmp")
        .withNewEmptyDir()
        .endEmptyDir()
        .endVolume()
        .addAllToVolumes(volumes)
        .endSpec()
        .endTemplate()
        .endSpec()
        .build();
  }
}
