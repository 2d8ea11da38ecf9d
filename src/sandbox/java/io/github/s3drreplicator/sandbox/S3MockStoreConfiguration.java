package io.github.s3drreplicator.sandbox;

import com.adobe.testing.s3mock.service.BucketService;
import com.adobe.testing.s3mock.store.BucketStore;
import com.adobe.testing.s3mock.store.ObjectStore;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Added to S3Mock's Spring context by {@link S3MockServer}: S3Mock's bucket store, its keys kept in memory
 * ({@link CachingBucketStore}), and its bucket service, listing no deleted key ({@link LiveKeysBucketService}).
 */
@Configuration(proxyBeanMethods = false)
class S3MockStoreConfiguration {

    @Bean
    static BeanPostProcessor cachingBucketStore() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof BucketStore store && !(bean instanceof CachingBucketStore)
                        ? new CachingBucketStore(store) : bean;
            }
        };
    }

    @Bean
    static BeanPostProcessor liveKeysBucketService(BeanFactory beans) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof BucketService && !(bean instanceof LiveKeysBucketService)
                        ? new LiveKeysBucketService(beans.getBean(BucketStore.class), beans.getBean(ObjectStore.class))
                        : bean;
            }
        };
    }
}
