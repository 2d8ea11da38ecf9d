package io.github.s3drreplicator.sandbox;

import com.adobe.testing.s3mock.store.BucketStore;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Added to S3Mock's Spring context by {@link S3MockServer}: S3Mock's bucket store, its keys kept in memory. */
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
}
