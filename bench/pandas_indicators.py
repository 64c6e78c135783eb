#!/usr/bin/python3
"""Per-community indicators computed with pandas, for comparison with shequ.

A straightforward script, written the way an analyst would: read the CSV
inputs that bench/national writes, merge, group and divide. It computes the
ratio indicators that need no spatial search (not walking distance or 2SFCA)
and writes them to OUT.csv in the long shape of shequ's indicator_values, so
that bench/run.sh can compare the two.

    python3 bench/pandas_indicators.py CSV_DIR OUT.csv
"""
import sys

import pandas as pd

csv, out = sys.argv[1], sys.argv[2]
code = {"community_code": str}
comm = pd.read_csv(f"{csv}/communities.csv", dtype=code)[["community_code"]]
census = pd.read_csv(f"{csv}/census.csv", dtype=code)
fac = pd.read_csv(f"{csv}/facilities.csv", dtype=code)
staff = pd.read_csv(f"{csv}/staff.csv", dtype=code)
grid = pd.read_csv(f"{csv}/grid.csv", dtype=code)
funding = pd.read_csv(f"{csv}/funding.csv", dtype=code)
act = pd.read_csv(f"{csv}/activities.csv", dtype=code)
events = pd.read_csv(f"{csv}/grid_events.csv", dtype=code, parse_dates=["reported_at", "closed_at"])
survey = pd.read_csv(f"{csv}/survey.csv", dtype=code)

base = comm.merge(census[["community_code", "resident", "households", "non_registered"]], on="community_code", how="left")
centre_types = ["党群服务中心", "社区党群服务中心", "社区服务中心", "党群服务中心（社区服务中心）"]
centres = fac[fac.facility_type.isin(centre_types)].groupby("community_code").size().rename("centres")
area = fac.groupby("community_code").floor_area_m2.sum().rename("area")
fund = funding.groupby("community_code").amount_yuan.sum().rename("funding")
g = grid.groupby("community_code").agg(grid_workers=("grid_workers", "sum"), grid_households=("households", "sum"), grids=("grid_id", "size"))
a = act.groupby("community_code").agg(participants=("participants", "sum"), nr_participants=("non_registered_participants", "sum"))
ev = events.assign(closed=events.status.eq("已办结"), counted=events.status.ne("已退回"))
ev = ev.groupby("community_code").agg(closed=("closed", "sum"), reported=("counted", "sum"))
sv = survey.assign(sat=survey.overall.ge(4)).groupby("community_code").agg(satisfied=("sat", "sum"), respondents=("sat", "size"))
d = (base.set_index("community_code")
     .join([centres, area, fund, g, a, ev, sv])
     .join(staff.set_index("community_code")[["community_workers", "social_workers"]]))
for col in ["centres", "area", "funding"]:
    d[col] = d[col].fillna(0)


def ratio(num, den, scale=1.0):
    return (num / den.where(den != 0)) * scale


res = pd.DataFrame({
    "centres_per_10k": ratio(d.centres, d.resident, 10000),
    "floor_area_per_100hh": ratio(d.area, d.households, 100),
    "community_workers_per_10k": ratio(d.community_workers, d.resident, 10000),
    "social_workers_per_10k": ratio(d.social_workers, d.resident, 10000),
    "funding_per_resident": ratio(d.funding, d.resident),
    "residents_per_grid_worker": ratio(d.resident, d.grid_workers),
    "households_per_grid": ratio(d.grid_households, d.grids),
    "activity_reach": ratio(d.participants.fillna(0), d.resident),
    "event_closure_rate": ratio(d.closed, d.reported),
    "satisfied_share": ratio(d.satisfied, d.respondents),
})
long = res.reset_index().melt(id_vars="community_code", var_name="indicator_id", value_name="value")
long.to_csv(out, index=False)
print(f"pandas: {len(d)} communities, {res.shape[1]} indicators, {len(long)} values")
