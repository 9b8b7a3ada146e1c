# DOOM from Debian's chocolate-doom (recipe): the engine's doom game and
# the shared sources it needs, SDL-free: the platform layer (video, input,
# timer, system, sound) is tabula_doom.c, and sdl/ holds the few SDL names
# the shared sources still say. Not built: the other games, the setup
# tool, net_sdl/net_gui (no network, no textscreen), the music and sound
# back ends.
DOOM_COMMON := d_event d_iwad d_loop d_mode deh_io deh_main deh_mapping deh_str deh_text \
	m_argv m_bbox m_cheat m_config m_controls m_fixed m_misc memio sha1 tables \
	v_diskicon v_video w_checksum w_file w_file_stdc w_main w_merge w_wad z_zone i_glob net_petname \
	net_client net_common net_io net_loop net_packet net_query net_server net_structrw aes_prng
THIS_SRCS := $(wildcard $(PORT_SRC)/src/doom/*.c) \
	$(patsubst %,$(PORT_SRC)/src/%.c,$(DOOM_COMMON)) \
	apps/ports/doom/tabula_doom.c
THIS_CFLAGS := -Iapps/ports/doom -Iapps/ports/doom/sdl -I$(PORT_SRC)/src -I$(PORT_SRC)/src/doom \
	-DHAVE_CONFIG_H -std=gnu99
THIS_WERROR := no
# The zone (I_ZoneBase: 8 MiB) and the WAD directory and lumps the game
# reads outside it.
THIS_MEM := 16M
THIS_STACK := 256K
