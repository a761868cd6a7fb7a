## needs: perl
# perl -e: printing, hashes, regular expressions, files, sort, sprintf.
perl -e 'print "hello from perl\n"'
perl -e 'my %h = (b => 2, a => 1, c => 3); print join(",", map { "$_=$h{$_}" } sort keys %h), "\n"'
perl -e '$_ = "The year 2024 and 1999"; my @y = /(\d{4})/g; print "@y\n"'
perl -e 'open(my $f, ">", "p.txt") or die; print $f "line $_\n" for 1..3; close $f;
	open($f, "<", "p.txt") or die; my @l = <$f>; print scalar(@l), " lines, last: $l[-1]"; unlink "p.txt"'
perl -e 'printf "%05.1f|%-4s|%x\n", 3.14159, "ab", 255'
perl -e 'print join(" ", sort { $b <=> $a } (3, 11, 2)), "\n"'
perl -e 'opendir(my $d, "/usr/lib") or die; my @e = grep { !/^\./ } readdir $d; print @e > 0 ? "readdir ok\n" : "empty\n"'
perl -e 'my $out = `echo backticks`; print "got $out"; system("true") == 0 and print "system ok\n"'
perl -e 'exit 5'; echo "status $?"
perl -e 'die "dying\n"' 2>/dev/null; echo "status $?"
perl -MList::Util=sum -e 'print sum(1..10), "\n"'
