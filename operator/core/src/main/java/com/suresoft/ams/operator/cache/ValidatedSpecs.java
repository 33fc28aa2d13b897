package com.suresoft.ams.operator.cache;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.validation.CurrentVolumes;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.function.Predicate;

/**
 * Each instance's validation verdict and resolved model, computed once per spec and set of existing
 * volumes instead of on every reconciliation.
 *
 * <p>Why: an instance is reconciled about 18 times while it converges, mostly for its workloads'
 * status, and validating and resolving its spec (each a deep copy and walk of it) was about a tenth
 * of the reconciliation threads' time. Both depend only on the instance's name, its spec (which the
 * API server versions by {@code metadata.generation}) and, for the shrink check, its volumes; those
 * make the key. An instance without a uid or generation (not from an API server) is never
 * remembered. The resolved model is shared by the passes of one generation, so builders must not
 * change it ({@code ValidatedSpecsTest} checks that they do not).
 */
public final class ValidatedSpecs {

  /** The spec's errors; its resolved model when there are none. */
  public record Verdict(List<FieldError> errors, InstanceModel model) {}

  private record Key(String uid, Long generation, CurrentVolumes volumes) {}

  private final SpecValidator validator;
  private final InstanceMemo<Key, Verdict> memo = new InstanceMemo<>();

  public ValidatedSpecs(SpecValidator validator) {
    this.validator = validator;
  }

  /** The verdict on the instance's spec; {@code exists} tells which instances are still there. */
  public Verdict of(AmsInstance instance, CurrentVolumes volumes, Predicate<ResourceID> exists) {
    var meta = instance.getMetadata();
    if (meta.getUid() == null || meta.getGeneration() == null) {
      return verdict(instance, volumes);
    }
    var id = ResourceID.fromResource(instance);
    var key = new Key(meta.getUid(), meta.getGeneration(), volumes);
    memo.prune(exists);
    return memo.get(id, key)
        .orElseGet(
            () -> {
              var verdict = verdict(instance, volumes);
              memo.put(id, key, verdict);
              return verdict;
            });
  }

  private Verdict verdict(AmsInstance instance, CurrentVolumes volumes) {
    var errors = List.copyOf(validator.validate(instance, volumes));
    return new Verdict(
        errors, errors.isEmpty() ? InstanceModel.of(instance, validator.platform()) : null);
  }
}
