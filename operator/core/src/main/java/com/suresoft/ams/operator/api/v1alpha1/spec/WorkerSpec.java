package com.suresoft.ams.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** The background worker: the API image running the queue consumer. */
public class WorkerSpec extends ComponentSpec {

  @JsonPropertyDescription("Command of the worker container. Default: [npm, run, worker].")
  @Size(min = 1)
  private List<String> command;

  public List<String> getCommand() {
    return command;
  }

  public void setCommand(List<String> command) {
    this.command = command;
  }
}
