## needs: make gcc
# make -j2 on a small project: the jobserver's pipes, parallel children.
mkdir proj && cd proj || exit 1
for n in 1 2 3 4; do printf 'int f%d(void) { return %d; }\n' "$n" "$n" > "f$n.c"; done
cat > main.c <<'END'
#include <stdio.h>
int f1(void), f2(void), f3(void), f4(void);
int main(void) { printf("sum %d\n", f1() + f2() + f3() + f4()); return 0; }
END
cat > Makefile <<'END'
OBJS = main.o f1.o f2.o f3.o f4.o
prog: $(OBJS)
	@$(CC) -o $@ $(OBJS)
%.o: %.c
	@$(CC) -c -o $@ $<
	@echo built $@ >> log
.PHONY: clean
clean:
	@rm -f prog $(OBJS) log
END
make -j2 -s; echo "make status $?"
./prog
sort log
make -j2 -s; echo "again status $?"
touch f2.c && make -j2 -s && cat log | wc -l
make -s clean && ls | sort
cd .. && rm -r proj
