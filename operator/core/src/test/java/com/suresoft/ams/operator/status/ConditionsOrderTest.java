package com.suresoft.ams.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsOrderTest {
  private static Condition of(String type) {
    return new ConditionBuilder().withType(type).withStatus("True").build();
  }

  private static List<String> types(List<Condition> conditions) {
    return conditions.stream().map(Condition::getType).toList();
  }

  /** The same conditions, whatever order history left them in, are written in one order. */
  @Test
  void theSameConditionsAreListedInOneOrderWhateverCameFirst() {
    var dataFirst =
        List.of(
            of(Integrations.ROUTING),
            of(Conditions.DATA_READY),
            of(Integrations.MONITORING),
            of(Conditions.READY));
    var readyFirst =
        List.of(
            of(Conditions.READY),
            of(Integrations.MONITORING),
            of(Conditions.DATA_READY),
            of(Integrations.ROUTING));

    assertThat(types(Conditions.inOrder(dataFirst)))
        .containsExactly(
            Conditions.READY, Conditions.DATA_READY, Integrations.MONITORING, Integrations.ROUTING);
    assertThat(types(Conditions.inOrder(readyFirst)))
        .isEqualTo(types(Conditions.inOrder(dataFirst)));
  }
}
