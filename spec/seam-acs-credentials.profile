seam
