package com.suresoft.ams.operator.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.suresoft.ams.operator.api.v1alpha1.status.Slot;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.model.Stack;
import com.suresoft.ams.operator.release.ReleasePlanner;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints every object an instance becomes, without a cluster. Secret values are masked. */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    defaultValueProvider = RunCommand.Environment.class,
    description = "Print the objects an AmsInstance becomes, as YAML (no cluster needed).")
final class RenderCommand implements Callable<Integer> {
  static final String MASK = "<generated once, kept in the cluster>";

  @Option(
      names = {"-f", "--file"},
      required = true,
      description = "AmsInstance YAML file.")
  Path file;

  @Spec CommandSpec spec;

  // The operator's platform settings (flags or the same env as `run`): refused here what the
  // operator would refuse.
  @Mixin PlatformOptions platform = new PlatformOptions();

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
    var instance = InstanceFiles.read(file);
    // As the operator does: what this version does not know is ignored, and said so. `validate`
    // refuses the same file, as the cluster's schema would.
    instance
        .unknownFields()
        .forEach(
            path ->
                err.println(
                    file + ": warning: " + path + ": unknown field, ignored by this version"));
    var errors = new SpecValidator(platform.platform()).validate(instance);
    if (!errors.isEmpty()) {
      errors.forEach(e -> err.println(file + ": " + e));
      return 1;
    }
    var model = InstanceModel.of(instance, platform.platform());
    var objects =
        Stack.objects(model, ReleasePlanner.steady(model, Slot.blue), Map.of(), key -> MASK);
    print(out, objects);
    return 0;
  }

  /**
   * Keys sorted at every level, as {@code kubectl get -o yaml} prints them: the same instance
   * renders to the same text in every run, so render output can be committed and diffed.
   */
  static void print(PrintWriter out, Iterable<HasMetadata> objects) throws IOException {
    var json = new KubernetesSerialization();
    var yaml =
        YAMLMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();
    for (HasMetadata object : objects) {
      var tree = json.convertValue(object instanceof Secret s ? masked(s) : object, Map.class);
      out.print(yaml.writeValueAsString(tree));
    }
    out.flush();
  }

  /** The Secret with every value replaced: render never prints a credential. */
  private static Secret masked(Secret secret) {
    var copy = new KubernetesSerialization().clone(secret);
    var keys = new TreeMap<String, String>();
    secret.getData().keySet().forEach(k -> keys.put(k, MASK));
    copy.setData(null);
    copy.setStringData(keys);
    return copy;
  }
}
