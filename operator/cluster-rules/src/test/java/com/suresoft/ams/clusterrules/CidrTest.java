package com.suresoft.ams.clusterrules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Parsing, containment and the written form of address ranges, as NetworkPolicies hold them. */
class CidrTest {

  @Test
  void rangesAreWrittenAsKubernetesAndPeopleWriteThem() {
    assertThat(Cidr.parse("10.20.0.0/16")).hasToString("10.20.0.0/16");
    assertThat(Cidr.parse("::/0")).hasToString("::/0");
    assertThat(Cidr.parse("fe80::/10")).hasToString("fe80::/10");
    assertThat(Cidr.parse("2001:db8::/32")).hasToString("2001:db8::/32");
    assertThat(Cidr.parse("2001:db8:0:1::/64")).hasToString("2001:db8:0:1::/64");
  }

  @Test
  void containmentFollowsThePrefixAndTheFamily() {
    var any = Cidr.ANY_V4;
    assertThat(any.contains(Cidr.LINK_LOCAL_V4)).isTrue();
    assertThat(any.contains(Cidr.LINK_LOCAL_V6)).isFalse();
    assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.address("10.255.1.2").orElseThrow()))
        .isTrue();
    assertThat(Cidr.parse("10.0.0.0/8").contains(Cidr.address("11.0.0.1").orElseThrow())).isFalse();
    assertThat(Cidr.LINK_LOCAL_V4.contains(Cidr.parse("169.254.169.254/32"))).isTrue();
    assertThat(Cidr.parse("169.254.169.254/32").contains(Cidr.LINK_LOCAL_V4)).isFalse();
    assertThat(Cidr.LINK_LOCAL_V6.contains(Cidr.address("fe80::1").orElseThrow())).isTrue();
  }

  @Test
  void hostBitsAreFoundAndNamesAreNeverResolved() {
    assertThat(Cidr.parse("10.1.2.3/16").canonical()).isFalse();
    assertThat(Cidr.parse("10.1.2.3/16").canonicalForm()).hasToString("10.1.0.0/16");
    assertThat(Cidr.address("db.example.com")).isEmpty();
    assertThat(Cidr.address("localhost")).isEmpty();
    assertThatThrownBy(() -> Cidr.parse("db.example.com/32")).hasMessageContaining("IPv4 or IPv6");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessageContaining("0-32");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0")).hasMessageContaining("CIDR");
  }
}
