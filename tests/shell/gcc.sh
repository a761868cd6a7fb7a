## needs: gcc
# gcc compiles and links inside the sandbox, and the program runs.
cat > hello.c <<'END'
#include <stdio.h>
int main(int argc, char **argv)
{
	printf("hello, %s\n", argc > 1 ? argv[1] : "world");
	return 3;
}
END
gcc hello.c -o hello && ./hello; echo "status $?"
./hello sandbox
gcc -O2 -static hello.c -o hello-static && ./hello-static static; echo "status $?"
printf 'int f(void) { return 40; }\n' > f.c
printf 'int f(void);\nint main(void) { return f() + 2; }\n' > main.c
gcc -c f.c && gcc -c main.c && gcc f.o main.o -o prog && ./prog; echo "status $?"
ar rcs libf.a f.o && gcc main.c -L. -lf -o prog2 && ./prog2; echo "status $?"
gcc -fPIC -shared f.c -o libf.so && gcc main.c -L. -lf -Wl,-rpath,"$PWD" -o prog3 && ./prog3; echo "status $?"
printf 'int main(void) { return undeclared; }\n' > bad.c
gcc bad.c -o bad 2>/dev/null; echo "bad status $?"
ls | sort
rm -f hello hello-static hello.c f.c f.o main.c main.o prog prog2 prog3 libf.a libf.so bad.c
