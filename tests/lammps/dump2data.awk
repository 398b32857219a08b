# First frame of a LAMMPS dump with columns id element x y z (triclinic box) -> LAMMPS data file (atomic
# style, types 1=Zn 2=N 3=C 4=H), the system that in.rerun replays.
BEGIN { type["Zn"] = 1; type["N"] = 2; type["C"] = 3; type["H"] = 4 }
/^ITEM: NUMBER OF ATOMS/ { getline; n = $1; next }
/^ITEM: BOX BOUNDS/ {
    getline; xlob = $1; xhib = $2; xy = $3
    getline; ylob = $1; yhib = $2; xz = $3
    getline; zlo = $1; zhi = $2; yz = $3
    next
}
/^ITEM: ATOMS/ {
    lo = 0; hi = 0
    split(xy " " xz " " xy + xz, t, " ")
    for (k in t) { if (t[k] + 0 < lo) lo = t[k] + 0; if (t[k] + 0 > hi) hi = t[k] + 0 }
    ylo_t = yz < 0 ? yz : 0; yhi_t = yz > 0 ? yz : 0
    printf "ZIF frame 0 (tests/lammps/dump2data.awk)\n\n%d atoms\n4 atom types\n\n", n
    printf "%.16g %.16g xlo xhi\n%.16g %.16g ylo yhi\n%.16g %.16g zlo zhi\n%.16g %.16g %.16g xy xz yz\n\n", \
        xlob - lo, xhib - hi, ylob - ylo_t, yhib - yhi_t, zlo, zhi, xy, xz, yz
    printf "Masses\n\n1 65.38 # Zn\n2 14.007 # N\n3 12.011 # C\n4 1.008 # H\n\nAtoms # atomic\n\n"
    for (i = 0; i < n; i++) {
        getline
        if (!($2 in type)) { print "dump2data: unknown element " $2 > "/dev/stderr"; exit 1 }
        print $1, type[$2], $3, $4, $5
    }
    exit
}
