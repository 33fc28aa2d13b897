package com.suresoft.ams.operator.cache;

import com.suresoft.ams.operator.events.EventWindow;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JOSDK's informer event source, holding no more than the operator reads: each informer with a
 * {@link LeanStore} of its own ({@link StorePerInformer}), and without fabric8's index by
 * namespace; its events reach JOSDK gathered per instance ({@link EventWindow}). Every informer of
 * a secondary kind is one (the workflow's are {@link OwnerIndexedEventSource}s).
 *
 * <p>Why drop the index: every fabric8 informer indexes its objects by namespace, a set of keys per
 * namespace and kind (about 5 KiB per instance at 1,000 Production instances, BENCHMARKS.md), which
 * only fabric8's own listers read; JOSDK lists a namespace by scanning, and the operator looks
 * objects up by owner or by id. JOSDK hands out no informer, so it is read from JOSDK's wrapper;
 * should a JOSDK release rename it, the index stays and the operator only holds more ({@code
 * OwnerIndexedEventSourceTest} fails on that release).
 */
public class LeanEventSource<R extends HasMetadata, P extends HasMetadata>
    extends InformerEventSource<R, P> {

  private static final Logger log = LoggerFactory.getLogger(LeanEventSource.class);

  public LeanEventSource(
      InformerEventSourceConfiguration<R> configuration, EventSourceContext<P> context) {
    super(StorePerInformer.of(configuration), context);
  }

  /** Hands this source's events to JOSDK through the instance's window ({@link EventWindow}). */
  @Override
  public void setEventHandler(EventHandler handler) {
    super.setEventHandler(EventWindow.SHARED.gathering(handler));
  }

  /** Starts the informers as JOSDK does, then drops fabric8's index by namespace from each. */
  @Override
  public synchronized void start() {
    super.start();
    for (var wrapper : informerHealthIndicators().values()) {
      try {
        var informer = wrapper.getClass().getDeclaredField("informer");
        informer.setAccessible(true);
        ((SharedIndexInformer<?>) informer.get(wrapper)).removeNamespaceIndex();
      } catch (ReflectiveOperationException | RuntimeException e) {
        log.warn("keeping the namespace index of the {} informer: {}", name(), e.toString());
      }
    }
  }
}
