package io.sluice.orderhistory.model;

import java.math.BigDecimal;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** One line of an order, as the OrderPlaced event carried it. */
@Embeddable
public class OrderLine {

    @Column(name = "line_no", nullable = false)
    public int lineNo;

    @Column(name = "item_code", nullable = false)
    public String itemCode;

    @Column(nullable = false)
    public int quantity;

    @Column(name = "unit_price", nullable = false)
    public BigDecimal unitPrice;
}
