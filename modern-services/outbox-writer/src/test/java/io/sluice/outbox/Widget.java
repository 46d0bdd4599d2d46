package io.sluice.outbox;

import io.quarkus.hibernate.orm.panache.PanacheEntity;
import jakarta.persistence.Entity;

/** A test aggregate whose state change goes with an outbox event. */
@Entity
public class Widget extends PanacheEntity {
    public String name;
}
