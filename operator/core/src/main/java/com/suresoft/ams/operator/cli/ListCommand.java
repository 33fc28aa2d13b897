package com.suresoft.ams.operator.cli;

import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code list}: the instances of a namespace (or of all), one line each. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    exitCodeOnInvalidInput = ExitCodes.USAGE,
    description = "List AmsInstances: namespace, name, phase, version, release phase, URL and age.")
public final class ListCommand implements Callable<Integer> {

  @Mixin ListingOptions listing;

  @Mixin ClusterOptions cluster;
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (listing.allNamespaces && cluster.namespace != null) {
      throw new ParameterException(spec.commandLine(), "-A and -n cannot be used together");
    }
    var out = spec.commandLine().getOut();
    try (var client = cluster.client()) {
      var resources = client.resources(AmsInstance.class);
      String namespace = listing.allNamespaces ? null : cluster.namespace(client);
      var instances =
          (namespace == null ? resources.inAnyNamespace() : resources.inNamespace(namespace))
              .list().getItems().stream()
                  .sorted(
                      Comparator.comparing((AmsInstance i) -> i.getMetadata().getNamespace())
                          .thenComparing(i -> i.getMetadata().getName()))
                  .toList();
      if (listing.output != OutputFormat.table) {
        var items =
            instances.stream().map(i -> StatusView.document(i, Verdict.Goal.ready)).toList();
        out.print(StatusView.format(Map.of("items", items), listing.output));
      } else if (instances.isEmpty()) {
        var err = spec.commandLine().getErr();
        err.println(
            "No AmsInstances found" + (namespace == null ? "" : " in namespace " + namespace));
        err.flush();
      } else {
        StatusView.columns(out, "", StatusView.rows(instances, Instant.now()));
      }
      out.flush();
      return ExitCodes.OK;
    }
  }
}
