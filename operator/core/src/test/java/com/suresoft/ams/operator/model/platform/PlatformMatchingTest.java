package com.suresoft.ams.operator.model.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlatformMatchingTest {

  @ParameterizedTest
  @CsvSource({
    "postgres:15-alpine, docker.io/library/postgres",
    "minio/minio:RELEASE.2024, docker.io/minio/minio",
    "ghcr.io/suresoft/ams-web:1.0.0, ghcr.io/suresoft/ams-web",
    "GHCR.io/suresoft/ams-web@sha256:abc, ghcr.io/suresoft/ams-web",
    "localhost/ams:1, localhost/ams",
    "localhost:5000/team/ams:1, localhost:5000/team/ams",
    "registry:5000/ams, registry:5000/ams",
    "index.docker.io/library/redis:7, docker.io/library/redis",
  })
  void imagesResolveToTheRepositoryTheRuntimePullsFrom(String image, String repository) {
    assertThat(ImageReferences.repository(image)).isEqualTo(repository);
  }

  @Test
  void registryEntriesMatchWholePathSegments() {
    var list = AllowList.of(List.of("ghcr.io/suresoft/", "docker.io/library"));
    assertThat(ImageReferences.allowed(list, "ghcr.io/suresoft/ams-web:1")).isTrue();
    assertThat(ImageReferences.allowed(list, "ghcr.io/suresoft-evil/ams-web:1")).isFalse();
    assertThat(ImageReferences.allowed(list, "redis:7")).isTrue();
    assertThat(ImageReferences.allowed(list, "attacker/redis:7")).isFalse();
    assertThat(ImageReferences.allowed(list, "ghcr.io/other/ams-web:1")).isFalse();
  }

  @Test
  void urlsAreNormalisedToWhatTheClientConnectsTo() {
    assertThat(PrometheusUrls.normalize("HTTP://Prom.Monitoring/api/../"))
        .contains("http://prom.monitoring:80");
    assertThat(PrometheusUrls.normalize("https://prom")).contains("https://prom:443");
    assertThat(PrometheusUrls.normalize("http://prom:9090@evil")).isEmpty();
    assertThat(PrometheusUrls.normalize("http://prom:9090.evil.com")).isEmpty();
    assertThat(PrometheusUrls.normalize("file:///etc/passwd")).isEmpty();
    assertThat(PrometheusUrls.normalize("http://prom:9090#x")).isEmpty();
  }

  @Test
  void anEntryWithAPathAllowsOnlyUnderIt() {
    var list = AllowList.of(List.of("http://gateway.monitoring:80/team-a/"));
    assertThat(PrometheusUrls.allowed(list, "http://gateway.monitoring/team-a")).isTrue();
    assertThat(PrometheusUrls.allowed(list, "http://gateway.monitoring/team-a/x")).isTrue();
    assertThat(PrometheusUrls.allowed(list, "http://gateway.monitoring/team-ab")).isFalse();
    assertThat(PrometheusUrls.allowed(list, "http://gateway.monitoring/team-a/../team-b"))
        .isFalse();
  }
}
