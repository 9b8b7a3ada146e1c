/*
 * nop.c: an app that ends at once with status 0. apps/bench spawns it to
 * time a spawn, a run and a reap of the smallest app there is.
 */
int main(void)
{
    return 0;
}
