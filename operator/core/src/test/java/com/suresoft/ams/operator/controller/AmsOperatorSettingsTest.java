package com.suresoft.ams.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import com.suresoft.ams.operator.release.analysis.CandidateCheck;
import com.suresoft.ams.operator.status.ReleaseGauges;
import io.javaoperatorsdk.operator.api.config.InformerStoppedHandler;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfiguration;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each of the builder's settings changes its own setting and keeps every other one. */
class AmsOperatorSettingsTest {
  @Test
  void eachBuilderSettingChangesOnlyItsOwnSetting() {
    var defaults = AmsOperator.Settings.defaults();
    var clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
    var metrics = new Metrics() {};
    var election = new LeaderElectionConfiguration("lease");
    CandidateCheck check = (m, r) -> null;
    ReleaseGauges.Sink gauges = (reconciled, exists) -> {};
    InformerStoppedHandler stopped = (informer, cause) -> {};

    var changed =
        defaults.toBuilder()
            .namespaces(Set.of("a"))
            .resyncInterval(Duration.ofSeconds(7))
            .reconcileThreads(3)
            .clock(clock)
            .metrics(metrics)
            .leaderElection(election)
            .candidateCheck(check)
            .releaseGauges(gauges)
            .informerStoppedHandler(stopped)
            .build();

    assertThat(changed.namespaces()).containsExactly("a");
    assertThat(changed.resyncInterval()).isEqualTo(Duration.ofSeconds(7));
    assertThat(changed.reconcileThreads()).isEqualTo(3);
    assertThat(changed.clock()).isSameAs(clock);
    assertThat(changed.metrics()).isSameAs(metrics);
    assertThat(changed.leaderElection()).containsSame(election);
    assertThat(changed.candidateCheck()).isSameAs(check);
    assertThat(changed.releaseGauges()).isSameAs(gauges);
    assertThat(changed.informerStopped()).containsSame(stopped);
    assertThat(changed.secretValues()).isSameAs(defaults.secretValues());

    var one = defaults.toBuilder().resyncInterval(Duration.ofSeconds(7)).build();
    assertThat(one.namespaces()).isEqualTo(defaults.namespaces());
    assertThat(one.reconcileThreads()).isEqualTo(defaults.reconcileThreads());
    assertThat(one.clock()).isSameAs(defaults.clock());
    assertThat(one.metrics()).isSameAs(defaults.metrics());
    assertThat(one.leaderElection()).isEqualTo(defaults.leaderElection());
    assertThat(one.candidateCheck()).isSameAs(defaults.candidateCheck());
    assertThat(one.releaseGauges()).isSameAs(defaults.releaseGauges());
    assertThat(one.informerStopped()).isEqualTo(defaults.informerStopped());
  }
}
