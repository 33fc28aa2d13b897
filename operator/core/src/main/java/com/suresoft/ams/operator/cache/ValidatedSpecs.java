package com.suresoft.ams.operator.cache;

import com.suresoft.ams.clusterrules.FieldError;
import com.suresoft.ams.operator.api.v1alpha1.AmsInstance;
import com.suresoft.ams.operator.model.InstanceModel;
import com.suresoft.ams.operator.validation.CurrentVolumes;
import com.suresoft.ams.operator.validation.SpecValidator;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Set;

/**
 * Each instance's validation verdict and resolved model, computed once per spec and set of existing
 * volumes instead of on every reconciliation.
 *
 * <p>Why: an instance is reconciled about 18 times while it converges, mostly for its workloads'
 * status, and validating and resolving its spec (each a deep copy and walk of it) was about a tenth
 * of the reconciliation threads' time. Both depend only on the instance's name, its spec (which the
 * API server versions by {@code metadata.generation}) and, for the shrink check, its volumes; those
 * make the key. An instance without a uid or generation (not from an API server) is never
 * remembered.
 */
public final class ValidatedSpecs {

  /** The spec's errors; its resolved model when there are none. */
  public record Verdict(List<FieldError> errors, InstanceModel model) {}

  private record Key(String uid, Long generation, CurrentVolumes volumes) {}

  /** What a resolved model is a function of: not the volumes, which only the validation reads. */
  private record Spec(String uid, Long generation) {}

  private final SpecValidator validator;
  private final InstanceMemo<Key, Verdict> verdicts = new InstanceMemo<>();
  private final InstanceMemo<Spec, InstanceModel> models = new InstanceMemo<>();

  public ValidatedSpecs(SpecValidator validator) {
    this.validator = validator;
  }

  /** The verdict on the instance's spec. */
  public Verdict of(AmsInstance instance, CurrentVolumes volumes) {
    var meta = instance.getMetadata();
    if (meta.getUid() == null || meta.getGeneration() == null) {
      var errors = errors(instance, volumes);
      return new Verdict(errors, errors.isEmpty() ? resolve(instance) : null);
    }
    var id = ResourceID.fromResource(instance);
    var key = new Key(meta.getUid(), meta.getGeneration(), volumes);
    return verdicts
        .get(id, key)
        .orElseGet(
            () -> {
              var errors = errors(instance, volumes);
              var verdict = new Verdict(errors, errors.isEmpty() ? model(id, instance) : null);
              verdicts.put(id, key, verdict);
              return verdict;
            });
  }

  /**
   * The model of this uid and generation, the same object for as long as they are the same.
   *
   * <p>Invariant: one model object per uid and generation, never changed once handed out. The sets'
   * memo keys compare it by identity ({@link InSyncMemo}: a resolved spec has no {@code equals}),
   * which is only sound while nobody changes it, and only cheap while a volume appearing (each new
   * claim of the data tier, while an instance converges) does not make a new one. Builders do not
   * change it: {@code ValidatedSpecsTest} and {@code DependentInputsTest} build every object and
   * compare the spec before and after.
   */
  private InstanceModel model(ResourceID id, AmsInstance instance) {
    var key = new Spec(instance.getMetadata().getUid(), instance.getMetadata().getGeneration());
    return models
        .get(id, key)
        .orElseGet(
            () -> {
              var model = resolve(instance);
              models.put(id, key, model);
              return model;
            });
  }

  private List<FieldError> errors(AmsInstance instance, CurrentVolumes volumes) {
    return List.copyOf(validator.validate(instance, volumes));
  }

  private InstanceModel resolve(AmsInstance instance) {
    var model = InstanceModel.of(instance, validator.platform());
    // The resolved specs of one tier are mostly the same in every instance: their equal parts are
    // held once, like the informers' objects (the builders do not change a model, see above).
    return new InstanceModel(
        model.name(), model.namespace(), SharedParts.CACHES.share(model.spec()), model.platform());
  }

  void forget(ResourceID instance) {
    verdicts.forget(instance);
    models.forget(instance);
  }

  Set<ResourceID> instances() {
    return verdicts.instances();
  }
}
