Model status
Optimal

# Primal solution values
Feasible
Objective 0.074505929638
Objective_bound 0.074505929638
MIP_rel_gap 0
# Columns 38
y[stage1.unit1.quant_convbn1,4] 0
y[stage1.unit1.quant_convbn1,8] 1
y[stage1.unit1.quant_convbn2,4] 0
y[stage1.unit1.quant_convbn2,8] 1
y[stage1.unit2.quant_convbn1,4] 0
y[stage1.unit2.quant_convbn1,8] 1
y[stage1.unit2.quant_convbn2,4] 0
y[stage1.unit2.quant_convbn2,8] 1
y[stage2.unit1.quant_convbn1,4] 0
y[stage2.unit1.quant_convbn1,8] 1
y[stage2.unit1.quant_convbn2,4] 0
y[stage2.unit1.quant_convbn2,8] 1
y[stage2.unit1.quant_identity_convbn,4] 0
y[stage2.unit1.quant_identity_convbn,8] 1
y[stage2.unit2.quant_convbn1,4] 0
y[stage2.unit2.quant_convbn1,8] 1
y[stage2.unit2.quant_convbn2,4] 0
y[stage2.unit2.quant_convbn2,8] 1
y[stage3.unit1.quant_convbn1,4] 0
y[stage3.unit1.quant_convbn1,8] 1
y[stage3.unit1.quant_convbn2,4] 0
y[stage3.unit1.quant_convbn2,8] 1
y[stage3.unit1.quant_identity_convbn,4] 0
y[stage3.unit1.quant_identity_convbn,8] 1
y[stage3.unit2.quant_convbn1,4] 0
y[stage3.unit2.quant_convbn1,8] 1
y[stage3.unit2.quant_convbn2,4] 0
y[stage3.unit2.quant_convbn2,8] 1
y[stage4.unit1.quant_convbn1,4] 0
y[stage4.unit1.quant_convbn1,8] 1
y[stage4.unit1.quant_convbn2,4] 1
y[stage4.unit1.quant_convbn2,8] 0
y[stage4.unit1.quant_identity_convbn,4] 0
y[stage4.unit1.quant_identity_convbn,8] 1
y[stage4.unit2.quant_convbn1,4] 1
y[stage4.unit2.quant_convbn1,8] 0
y[stage4.unit2.quant_convbn2,4] 1
y[stage4.unit2.quant_convbn2,8] 0
# Rows 26
one[stage1.unit1.quant_convbn1] 1
one[stage1.unit1.quant_convbn2] 1
one[stage1.unit2.quant_convbn1] 1
one[stage1.unit2.quant_convbn2] 1
one[stage2.unit1.quant_convbn1] 1
one[stage2.unit1.quant_convbn2] 1
one[stage2.unit1.quant_identity_convbn] 1
one[stage2.unit2.quant_convbn1] 1
one[stage2.unit2.quant_convbn2] 1
one[stage3.unit1.quant_convbn1] 1
one[stage3.unit1.quant_convbn2] 1
one[stage3.unit1.quant_identity_convbn] 1
one[stage3.unit2.quant_convbn1] 1
one[stage3.unit2.quant_convbn2] 1
one[stage4.unit1.quant_convbn1] 1
one[stage4.unit1.quant_convbn2] 1
one[stage4.unit1.quant_identity_convbn] 1
one[stage4.unit2.quant_convbn1] 1
one[stage4.unit2.quant_convbn2] 1
tie[stage2.unit1.quant_identity_convbn,4] 0
tie[stage2.unit1.quant_identity_convbn,8] 0
tie[stage3.unit1.quant_identity_convbn,4] 0
tie[stage3.unit1.quant_identity_convbn,8] 0
tie[stage4.unit1.quant_identity_convbn,4] 0
tie[stage4.unit1.quant_identity_convbn,8] 0
budget[size] 7.61856

# Dual solution values
None

# Basis
HiGHS_basis_file v2
None
