/* apps_image.S: the app archive the build packed (APPS_IMAGE), linked into
 * the kernel as read-only data. */
    .section .rodata.apps_image, "a"
    .balign 16
    .globl apps_image_start, apps_image_end
apps_image_start:
    .incbin APPS_IMAGE
apps_image_end:
